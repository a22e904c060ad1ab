"""The roadmap page: its tree, a search's matches, filters, legend and progress reports."""

from .view import RoadmapView

__all__ = ["RoadmapView"]
