"""from scratch from scratch."""
