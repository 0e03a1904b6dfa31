"""NeedleWise: a training and quiz platform for practitioners learning microneedling."""

__version__ = "0.1.0"
