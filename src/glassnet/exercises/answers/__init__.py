"""Reference solutions, one module per exercise: thin wrappers of glassnet's own engine.

Each module is what ``glassnet exercises solutions`` writes, word for word, and the
learner's starting file is made from it (``glassnet.exercises.starter``): the same
docstrings and signatures, with bodies that raise ``NotImplementedError``. The checker
compares the learner's answers with these, which call the engine, the lessons and
``glassnet.book``, so there is no second copy of the maths to drift.
"""
