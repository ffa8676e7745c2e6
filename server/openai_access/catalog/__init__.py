"""The bundled, dated model catalog (data in ``models.json``) and its lookups."""
