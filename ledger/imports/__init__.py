"""Imports of enterprises and hotline tickets from Excel (see ``service.run_import``)."""
