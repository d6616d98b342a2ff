"""The graph over HTTP.

- :mod:`~spinekg.serve.server`: ``spinekg serve``, an Oxigraph SPARQL server on a prepared store;
- :mod:`~spinekg.serve.gateway`: the guard every request to that server passes, and its watchdog;
- :mod:`~spinekg.serve.publish`: ``spinekg publish``, loading the graph into another SPARQL store
  through the Graph Store Protocol.
"""
