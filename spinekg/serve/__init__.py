"""The graph over HTTP.

- :mod:`~spinekg.serve.server`: ``spinekg serve``, an Oxigraph SPARQL server on a prepared store;
- :mod:`~spinekg.serve.gateway`: the guard every request to that server passes, and its watchdog;
- :mod:`~spinekg.serve.publish`: ``spinekg publish``, loading the graph into another SPARQL store
  through the Graph Store Protocol.

``serve(...)`` (a context manager), ``start``, ``stop`` and ``Server`` are the stable face::

    with spinekg.serve.serve(bind="127.0.0.1:0") as server:  # port 0: any free port
        spinekg.connect(server.query_url).query("red-flags")
"""

from spinekg.serve.server import Server, serve, start, stop

__all__ = ["Server", "serve", "start", "stop"]
