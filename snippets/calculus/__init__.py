"""calculus from scratch."""
