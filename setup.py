"""The one C part: two loops of pdf_tables over a pdfium page, the page-object walk and
the cell texts (pipeline/_pdfpage.c). Optional: where it cannot be built (no C
compiler), the install goes on and pdf_tables calls pdfium through pypdfium2 as before."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("pipeline._pdfpage", sources=["pipeline/_pdfpage.c"], optional=True)])
