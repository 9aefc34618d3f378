"""probability statistics from scratch."""
