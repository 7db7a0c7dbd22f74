"""The one C part: pdf_tables' page-object walk (pipeline/_pdfwalk.c). Optional: where
it cannot be built (no C compiler), the install goes on and the walk runs in Python."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("pipeline._pdfwalk", sources=["pipeline/_pdfwalk.c"], optional=True)])
