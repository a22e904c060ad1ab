"""Demo data built from the source document: the video conference of the two Deputy Prime
Ministers, the 13 joint projects and the roadmap they approved."""

from .builder import build_demo

__all__ = ["build_demo"]
