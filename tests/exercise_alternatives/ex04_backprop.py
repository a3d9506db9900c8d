"""Exercise 4 with loops over the links, as the deck draws them."""


def split_errors(weights, output_errors):
    hidden = [0.0] * len(weights[0])
    for k, row in enumerate(weights):
        total = sum(row)
        for j, w in enumerate(row):
            hidden[j] += output_errors[k] * w / total
    return hidden


def hidden_errors(weights, output_errors):
    n_outputs, n_hidden = len(weights), len(weights[0])
    return [
        sum(weights[k][j] * output_errors[k] for k in range(n_outputs)) for j in range(n_hidden)
    ]
