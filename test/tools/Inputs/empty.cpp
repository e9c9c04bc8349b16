// A translation unit with nothing in it, for building stand-in shared libraries.
