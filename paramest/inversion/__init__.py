"""Stage 3, inversion: a model's benchmark scores -> its total parameter count, with an interval."""

from .estimate import GRID_B, Posterior, SizeEstimate, estimate_size, estimate_sizes, posterior

__all__ = ["GRID_B", "Posterior", "SizeEstimate", "estimate_size", "estimate_sizes", "posterior"]
