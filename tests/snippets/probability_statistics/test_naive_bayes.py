"""snippets/probability_statistics/naive_bayes.py against brute-force probabilities."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp

from snippets.probability_statistics.naive_bayes import (
    accuracy,
    joint_log_scores,
    predict,
    predict_log_proba,
    spammiest_words,
    split_corpus,
    tokenize,
    train,
)
from snippets.probability_statistics.spam_corpus import CORPUS

TRAIN, TEST = split_corpus(CORPUS, test_fraction=0.25, seed=0)
MODEL = train(TRAIN)


def test_corpus_is_balanced_and_has_no_duplicates():
    """About 40 messages, half spam and half ham, no text repeated."""
    labels = [label for label, _ in CORPUS]
    assert len(CORPUS) == 40 and labels.count("spam") == labels.count("ham") == 20
    assert len({text for _, text in CORPUS}) == len(CORPUS)


def test_tokenize_lowercases_and_drops_punctuation():
    """Words come out lower-case, punctuation goes, digits and apostrophes stay."""
    assert tokenize("WIN a FREE prize!!! Text 80085, don't wait") == [
        "win",
        "a",
        "free",
        "prize",
        "text",
        "80085",
        "don't",
        "wait",
    ]


def test_split_is_deterministic_stratified_and_disjoint():
    """Same seed, same split; a quarter of each label is held out; nothing is lost or shared."""
    assert split_corpus(CORPUS, seed=0) == (TRAIN, TEST)
    assert sorted(TRAIN + TEST) == sorted(CORPUS)
    test_labels = [label for label, _ in TEST]
    assert test_labels.count("spam") == test_labels.count("ham") == 5


def test_smoothed_probabilities_follow_the_laplace_formula():
    """P(word | label) = (count + 1) / (words in label + vocabulary size); rows sum to 1."""
    vocabulary_size = len(MODEL["vocabulary"])
    spam = MODEL["classes"].index("spam")
    spam_words = [w for label, text in TRAIN if label == "spam" for w in tokenize(text)]
    for word in ["now", "meeting", "free"]:
        expected = (spam_words.count(word) + 1) / (len(spam_words) + vocabulary_size)
        log_p = MODEL["log_likelihood"][spam, MODEL["index"][word]]
        assert math.exp(log_p) == pytest.approx(expected)
    np.testing.assert_allclose(np.exp(MODEL["log_likelihood"]).sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(MODEL["log_prior"]), [0.5, 0.5])


def test_log_posterior_matches_multiplying_plain_probabilities():
    """Short messages: normalised prior times product of P(word | label) gives the same answer."""
    for _, text in TEST:
        plain = {}
        for c, label in enumerate(MODEL["classes"]):
            product = math.exp(MODEL["log_prior"][c])
            for word in tokenize(text):
                if word in MODEL["index"]:
                    product *= math.exp(MODEL["log_likelihood"][c, MODEL["index"][word]])
            plain[label] = product
        total = sum(plain.values())
        log_proba = predict_log_proba(MODEL, text)
        for label in MODEL["classes"]:
            assert math.exp(log_proba[label]) == pytest.approx(plain[label] / total)
        scores = joint_log_scores(MODEL, text)
        assert np.allclose(list(log_proba.values()), scores - logsumexp(scores))


words = st.sampled_from(MODEL["vocabulary"] + ["zebra", "quantum"])


@settings(max_examples=50, deadline=None)
@given(st.lists(words, min_size=0, max_size=2000))
def test_class_probabilities_are_finite_and_sum_to_one(message):
    """Any message, even thousands of words long, gets finite log-probabilities summing to 1."""
    log_proba = predict_log_proba(MODEL, " ".join(message))
    assert all(np.isfinite(v) and v <= 1e-12 for v in log_proba.values())
    assert sum(math.exp(v) for v in log_proba.values()) == pytest.approx(1.0)


def test_multiplying_probabilities_underflows_where_logs_do_not():
    """A 400-word message: the plain product is exactly 0.0, the log score is an ordinary number."""
    message = " ".join(["meeting"] * 400)
    product = 1.0
    for _ in range(400):
        product *= math.exp(MODEL["log_likelihood"][0, MODEL["index"]["meeting"]])
    assert product == 0.0
    assert np.all(np.isfinite(joint_log_scores(MODEL, message)))
    assert predict(MODEL, message) == "ham"


def test_held_out_accuracy_and_spammy_words():
    """At least 80% of the held-out messages are right, and 'now' is the spammiest word."""
    assert accuracy(MODEL, TEST) >= 0.8
    top = spammiest_words(MODEL, k=5)
    assert top[0][0] == "now"
    ratios = [ratio for _, ratio in top]
    assert ratios == sorted(ratios, reverse=True) and ratios[-1] > 0


def test_alpha_must_be_positive():
    """alpha = 0 is refused: a word never seen in a label would make the whole product 0."""
    with pytest.raises(ValueError, match="alpha must be positive"):
        train(TRAIN, alpha=0)
