"""The web playground behind ``glassnet serve``: draw a digit, look inside, watch a network learn.

``glassnet.web.app.create_app`` builds a Starlette app serving one offline page from
``static/`` and a small JSON API; it needs the ``web`` extra (``pip install
'glassnet[web]'``: starlette and uvicorn). The other modules (drawing, inside,
datasets2d, playground) use NumPy, SciPy and Pillow only. Nothing in the core imports
this package.
"""
