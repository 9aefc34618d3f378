"""A multinomial naive Bayes text classifier from scratch: counts, Laplace smoothing, logs."""

import re

import numpy as np


def tokenize(text):
    """Lower-case the text and keep runs of letters, digits and apostrophes as words."""
    return re.findall(r"[a-z0-9']+", text.lower())


def split_corpus(corpus, test_fraction=0.25, seed=0):
    """Seeded split per label, so both labels are in the test set and every build agrees."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for label in sorted({label for label, _ in corpus}):
        items = [pair for pair in corpus if pair[0] == label]
        order = rng.permutation(len(items))
        n_test = round(test_fraction * len(items))
        test += [items[i] for i in order[:n_test]]
        train += [items[i] for i in order[n_test:]]
    return train, test


def train(messages, alpha=1.0):
    """Count words per label; return log priors and Laplace-smoothed log P(word | label)."""
    if alpha <= 0:
        raise ValueError(f"alpha must be positive (unseen words get probability 0), got {alpha}")
    classes = sorted({label for label, _ in messages})
    vocabulary = sorted({word for _, text in messages for word in tokenize(text)})
    index = {word: i for i, word in enumerate(vocabulary)}
    counts = np.zeros((len(classes), len(vocabulary)))
    n_messages = np.zeros(len(classes))
    for label, text in messages:
        c = classes.index(label)
        n_messages[c] += 1
        for word in tokenize(text):
            counts[c, index[word]] += 1
    smoothed = counts + alpha  # every word gets alpha pretend sightings in every class
    return {
        "classes": classes,
        "vocabulary": vocabulary,
        "index": index,
        "counts": counts,
        "log_prior": np.log(n_messages / n_messages.sum()),
        "log_likelihood": np.log(smoothed / smoothed.sum(axis=1, keepdims=True)),
    }


def joint_log_scores(model, text):
    """log P(label) + sum of log P(word | label) over the known words: one score per label."""
    known = [model["index"][word] for word in tokenize(text) if word in model["index"]]
    return model["log_prior"] + model["log_likelihood"][:, known].sum(axis=1)


def predict_log_proba(model, text):
    """log P(label | text): the scores minus log P(text), computed with log-sum-exp."""
    scores = joint_log_scores(model, text)
    top = scores.max()  # subtracting the largest score keeps exp() from underflowing to 0
    log_evidence = top + np.log(np.exp(scores - top).sum())
    return dict(zip(model["classes"], (scores - log_evidence).tolist()))


def predict(model, text):
    """The label with the highest posterior probability."""
    log_proba = predict_log_proba(model, text)
    return max(log_proba, key=log_proba.get)


def accuracy(model, messages):
    """Fraction of (label, text) pairs whose label the model predicts."""
    return sum(predict(model, text) == label for label, text in messages) / len(messages)


def spammiest_words(model, k=5, spam="spam", ham="ham"):
    """The k words with the largest log P(word | spam) - log P(word | ham), with that ratio."""
    s, h = model["classes"].index(spam), model["classes"].index(ham)
    log_ratio = model["log_likelihood"][s] - model["log_likelihood"][h]
    order = np.argsort(-log_ratio, kind="stable")[:k]
    return [(model["vocabulary"][i], float(log_ratio[i])) for i in order]
