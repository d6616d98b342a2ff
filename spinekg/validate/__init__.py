"""Quality gates of the built graph (``spinekg validate``).

- :mod:`~spinekg.validate.qc`: the QC report that runs every gate below;
- :mod:`~spinekg.validate.reason`: HermiT (through owlready2) on the OWL ontology;
- :mod:`~spinekg.validate.shapes`: SHACL shapes generated from the schema, run by pySHACL;
- :mod:`~spinekg.validate.mappings`: curator xrefs verified against offline code sets, and SSSOM.
"""
