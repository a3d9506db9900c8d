"""A learner's own answer to exercise 1, written differently from glassnet's."""


def moderated_update(slope, x, target, learning_rate):
    y = slope * x
    error = target - y
    return slope + learning_rate * (error / x)
