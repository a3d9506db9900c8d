"""Exercise 8 as TinySpark's page writes it: plain numbers, one example at a time."""


def feedforward(inputs, weights, bias):
    return sum(i * w for i, w in zip(inputs, weights, strict=True)) + bias


def deltas(inputs, weights, bias, expected):
    error = feedforward(inputs, weights, bias) - expected
    return [error * 1 * i for i in inputs], error * 1


def train_batch(inputs, expected, weights, bias, learning_rate):
    n = len(inputs)
    total_w, total_b = [0.0] * len(weights), 0.0
    for row, target in zip(inputs, expected, strict=True):
        d_weights, d_bias = deltas(row, weights, bias, target)
        total_w = [a + b for a, b in zip(total_w, d_weights, strict=True)]
        total_b += d_bias
    new_w = [w - learning_rate * d / n for w, d in zip(weights, total_w, strict=True)]
    return new_w, bias - learning_rate * total_b / n


def train_epoch(inputs, expected, weights, bias, learning_rate, batch_size):
    for start in range(0, len(inputs), batch_size):
        stop = start + batch_size
        weights, bias = train_batch(
            inputs[start:stop], expected[start:stop], weights, bias, learning_rate
        )
    return weights, bias
