"""Linear algebra from scratch: vectors, matrices and what is built on them."""
