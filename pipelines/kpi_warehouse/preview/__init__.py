"""A liaison's preview, outside the pipeline: read input files (``files``), score a spec on
them with the scoring library (``score``), and tell people how a result was reached or how
a draft changes it (``explain``). An application of the scoring library, not part of it."""
