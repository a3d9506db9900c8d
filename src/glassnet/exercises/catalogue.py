"""The mistakes learners make, each with a kind hint that names it and says what to do.

The checker never reads a learner's source. For each input it also works out what each
mistake below would have returned (``Case.mistakes``); when a wrong answer equals one of
those, the feedback names that mistake. ``tests/test_exercise_mistakes.py`` injects each
one into a correct solution and checks that its hint comes back.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A mistake with a short ``name`` (what happened) and a ``hint`` (why, and the fix)."""

    key: str
    name: str
    hint: str


MISTAKES: dict[str, Mistake] = {
    mistake.key: mistake
    for mistake in (
        Mistake(
            "no-slope",
            "forgot the sigmoid's slope S(1 − S)",
            "the error has to pass back through the sigmoid, so each term is E·S(1 − S), "
            "not E alone: ΔW = α·E·S(1 − S)·Oᵀ with S the layer's own outputs.",
        ),
        Mistake(
            "output-for-error",
            "used the output where the error belongs",
            "the update is driven by the error E = target − output, not by the output "
            "itself: compute E first, then E·S(1 − S).",
        ),
        Mistake(
            "transposed-weights",
            "W and Wᵀ swapped",
            "row j of W holds the links into node j, so signals go forward as W·I and "
            "errors go back as Wᵀ·e (the book's numpy.dot(self.who.T, output_errors)).",
        ),
        Mistake(
            "outer-product-reversed",
            "the outer product the wrong way round",
            "ΔW = (E·S(1 − S)) · Oᵀ: a column of this layer's terms times the row of the "
            "previous layer's outputs, so ΔW has W's shape (one row per receiving node).",
        ),
        Mistake(
            "update-sign",
            "the update goes the wrong way (its sign)",
            "step downhill: new w = w − α·dE/dw. With the book's error t − o the change "
            "is added (W += α·E·S(1 − S)·Oᵀ); with the gradient (or TinySpark's output − "
            "expected) it is subtracted. The infographic's w'ᵢ = wᵢ α∇E lost this minus.",
        ),
        Mistake(
            "unscaled-inputs",
            "inputs not scaled into 0.01–1.0",
            "the deck: inputs should be small, but not zero: pixel / 255 · 0.99 + 0.01. "
            "Raw 0–255 values saturate the sigmoid, and a zero input makes its links' "
            "updates zero (ΔW is proportional to the input).",
        ),
        Mistake(
            "saturating-targets",
            "targets of 0 and 1",
            "a sigmoid can never reach 0 or 1; chasing them drives the weights ever larger "
            "and saturates the network. The deck uses 0.01 and 0.99 instead.",
        ),
        Mistake(
            "bias-never-learns",
            "the bias never learns",
            "a bias is a weight whose input is always 1, so it gets its own delta, "
            "error·1, and is updated like the other weights: b' = b − α·δ.",
        ),
        Mistake(
            "summed-not-averaged",
            "summed where the documents average",
            "divide the sum by the number of examples: TinySpark averages the deltas "
            "(δ₁ + … + δₙ)/n, the infographic's E(W) has −1/m, and glassnet's losses "
            "average over the batch.",
        ),
        Mistake(
            "rate-twice",
            "the learning rate applied twice",
            "multiply by α once: either in ΔW or in the step w − α·δ, not in both.",
        ),
        Mistake(
            "no-learning-rate",
            "the learning rate was not applied",
            "moderate the change: take only the fraction α (the deck's L) of it.",
        ),
        Mistake(
            "updated-weights-used",
            "sent the errors back through the already-updated output weights",
            "compute hidden_errors = who.T · output_errors before who changes; the "
            "errors belong to the weights that made this output.",
        ),
        Mistake(
            "integer-division",
            "integer (floor) division",
            "// rounds down to whole numbers (200 // 255 is 0); use / for the scaling.",
        ),
        Mistake(
            "changed-inputs",
            "changed the caller's inputs in place",
            "an in-place operation (+=, /=, x[...] = ...) on an argument changes the "
            "caller's array too (it is the same object, an alias). Work on a new array: "
            "x = x / 255.0, or numpy.array(inputs, dtype=float) first.",
        ),
        Mistake(
            "times-x",
            "multiplied by x where the deck divides",
            "E = ΔA·x, so ΔA = E / x, moderated to L·(E / x). (L·E·x would be gradient "
            "descent's step; this first learner uses the deck's own rule.)",
        ),
        Mistake(
            "returned-change",
            "returned the change instead of the new value",
            "add the change to the old value and return the result (A + ΔA).",
        ),
        Mistake(
            "returned-new-value",
            "returned the new weights instead of the change",
            "this function asks for the change ΔW itself; the caller adds it to W.",
        ),
        Mistake(
            "sigmoid-sign",
            "e^x where the sigmoid has e^−x",
            "y = 1 / (1 + e^−x): large positive sums must give outputs near 1.",
        ),
        Mistake(
            "no-sigmoid",
            "left out the sigmoid",
            "the node's output is the sigmoid of the combined input: y = 1 / (1 + e^−x).",
        ),
        Mistake(
            "deck-split-slip",
            "copied the deck's slip w12/(w22 + w22)",
            "the deck's formula has a typo: the share of e_output,2 on link w12 is "
            "w12 / (w12 + w22), the links into output node 2.",
        ),
        Mistake(
            "split-wrong-sum",
            "divided by the wrong sum of weights",
            "an output node's error is split over the links into that node, so divide by "
            "the sum of those links' weights (w11 + w21 for output 1), not by the links "
            "leaving a hidden node.",
        ),
        Mistake(
            "sigmoid-twice",
            "took the sigmoid of the outputs again",
            "the deck's last line writes sigmoid(O_k), but S_k = O_k is already the "
            "sigmoid of the sum: the slope is O_k(1 − O_k).",
        ),
        Mistake(
            "slope-of-sum",
            "took the slope at the sum instead of the output",
            "the sigmoid's slope is S(1 − S) with S = sigmoid(x), the node's output, not "
            "x(1 − x) with the combined input x.",
        ),
        Mistake(
            "slope-sign",
            "the slope has the wrong sign",
            "d/do of ½(t − o)² is −(t − o) = o − t: the error falls as the output rises "
            "towards the target, so the slope of the error carries that minus.",
        ),
        Mistake(
            "kept-factor-2",
            "kept the factor 2",
            "the deck's derivation keeps the 2 of d(t − o)²/do; the book (and glassnet, "
            "with E = ½Σ(t − o)²) drops it: the learning rate absorbs it.",
        ),
        Mistake(
            "exact-gradient",
            "sent back E·S(1 − S) instead of the book's errors",
            "that is the exact gradient, but the book sends the errors themselves back: "
            "hidden_errors = who.T · output_errors (see glassnet.book's docstring).",
        ),
        Mistake(
            "no-bias",
            "left out the bias",
            "each node adds its bias to the weighted sum: Σ inputs·weights + bias (the "
            "infographic's σ(W¹X + b)).",
        ),
        Mistake(
            "log10",
            "log base 10 instead of the natural log",
            "binary cross-entropy uses ln: math.log or numpy.log, not log10.",
        ),
        Mistake(
            "cross-entropy-sign",
            "left out the minus sign of E(W)",
            "E(W) = −1/m Σ [y·ln ŷ + (1 − y)·ln(1 − ŷ)]: the logs are negative, so the "
            "minus makes the error positive.",
        ),
        Mistake(
            "cross-entropy-one-term",
            "kept only the y·ln ŷ term",
            "add (1 − y)·ln(1 − ŷ): it is what punishes a confident 'pass' for a student "
            "who failed (y = 0).",
        ),
        Mistake(
            "extra-slope",
            "multiplied by ŷ(1 − ŷ) as well",
            "with a sigmoid output and binary cross-entropy the slope cancels: the step is "
            "α·(ŷ − y)·xᵢ, the infographic's 'very simple formula'.",
        ),
        Mistake(
            "error-sign",
            "the error the other way round",
            "TinySpark's error is output − expected (the deck's is target − output); "
            "whichever you use, the delta must point uphill so that w − δ goes downhill.",
        ),
        Mistake(
            "tinyspark-weight-slip",
            "copied the page's slip: δ weight1 applied to weight2",
            "the page's formula subtracts δ weight1 from weight2; its code (and its 0.62) "
            "use d_weight2: each weight gets its own delta.",
        ),
        Mistake(
            "tinyspark-rate-slip",
            "copied the page's slip weight_new = learning rate · δ",
            "the update is weight_new = weight − learning rate · δ: the old weight stays.",
        ),
        Mistake(
            "dropped-last-batch",
            "dropped the last, smaller mini-batch",
            "when the examples do not divide evenly, the last batch is smaller; it still "
            "gets its update (range(0, n, batch_size) covers it).",
        ),
        Mistake(
            "one-update-per-epoch",
            "one update for the whole epoch",
            "mini-batching splits the examples into subsets of batch_size and updates "
            "after each one, in order.",
        ),
        Mistake(
            "ignored-batch-size",
            "updated after every example",
            "average the deltas over each mini-batch of batch_size examples, then update "
            "once per batch.",
        ),
        Mistake(
            "fused-delta",
            "returned ŷ − y, the gradient before the sigmoid",
            "(ŷ − y)/m is dE/d(sum) when a sigmoid comes before the loss; the loss's own "
            "gradient with respect to ŷ is (ŷ − y) / (ŷ(1 − ŷ)) / m.",
        ),
        Mistake(
            "bias-gradient-averaged",
            "averaged the bias gradient over the samples",
            "the loss already averaged over the batch, so the layer sums: db = Σ over the "
            "samples of grad_output.",
        ),
        Mistake(
            "no-rescale",
            "skipped the rescaling into 0.01–0.99",
            "the inverse sigmoid (logit) is only defined inside (0, 1): after each layer, "
            "shift, divide by the largest value, · 0.98 + 0.01, as the book does.",
        ),
        Mistake(
            "sigmoid-for-logit",
            "used the sigmoid where its inverse belongs",
            "running a node backwards undoes the sigmoid with its inverse, the logit "
            "ln(y / (1 − y)) (scipy.special.logit).",
        ),
        Mistake(
            "equal-weights",
            "all weights start equal",
            "with equal (or zero) weights every hidden node computes the same and learns "
            "the same: draw them at random, numpy.random.normal(0.0, pow(inodes, -0.5), "
            "(hnodes, inodes)).",
        ),
        Mistake(
            "positive-weights",
            "all weights start positive",
            "numpy.random.rand gives 0..1; weights should be small and of both signs: "
            "subtract 0.5, or draw from numpy.random.normal(0.0, pow(inodes, -0.5), ...).",
        ),
    )
}
