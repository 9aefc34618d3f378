"""From-scratch code that the notes include and the tests check against numpy and scipy."""
