// Placeholder, replaced by the analysis implementation.
