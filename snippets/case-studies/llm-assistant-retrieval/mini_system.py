"""Retrieval for an LLM assistant: hybrid retrieval against BM25 alone.

Run it with ``python snippets/case-studies/llm-assistant-retrieval/mini_system.py``. It
simulates a corpus of passages and questions whose gold passage is known, scores every
passage with BM25 (the lexical view) and with a dense encoder (the semantic view), fuses
the two rankings with reciprocal rank fusion, and measures how often the gold passage
reaches the 10 passages an LLM would be given, on three seeds. It asserts the hybrid's
margin over BM25 and over dense retrieval alone, and writes the output the page shows.
No language model runs here: this is the stage that decides what the model sees.
"""

from __future__ import annotations

# --8<-- [start:simulate]
from dataclasses import dataclass
from functools import cache

import numpy as np

from mlsd.claims import assert_better

SEEDS = (0, 1, 2)
N_TOPICS, CONCEPTS_PER_TOPIC, FORMS = 40, 25, 3  # each concept has 3 interchangeable words
N_CONCEPTS = N_TOPICS * CONCEPTS_PER_TOPIC
N_PASSAGES, N_QUESTIONS, WORDS, DIM = 2_000, 500, 30, 64
VOCABULARY = N_CONCEPTS * FORMS + N_PASSAGES  # ordinary words, then one identifier each
K = 10  # passages placed in the LLM's prompt
METRIC = f"recall@{K}"
HIGHER_IS_BETTER = True
MIN_GAIN = 0.05  # recall@10 the hybrid must add over each retriever alone, on every seed


@dataclass(frozen=True)
class Corpus:
    passages: np.ndarray  # word ids per passage, -1 = padding
    questions: np.ndarray  # word ids per question, -1 = padding
    gold: np.ndarray  # the passage that answers each question
    by_identifier: np.ndarray  # question quotes an identifier (error code, API name)
    word_vectors: np.ndarray  # the dense encoder's vector for every word


@cache
def simulate(seed: int) -> Corpus:
    """Passages are 24 words on their topic and 6 off it, each concept written with one
    of its 3 synonyms at random; half carry an identifier. A question takes 4 of its gold
    passage's topic concepts and rephrases each with another synonym 70% of the time; 40%
    of questions are instead 1 concept plus the passage's identifier."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(N_TOPICS, size=N_PASSAGES)
    on_topic = topic[:, None] + N_TOPICS * rng.integers(CONCEPTS_PER_TOPIC, size=(N_PASSAGES, 24))
    concepts = np.c_[on_topic, rng.integers(N_CONCEPTS, size=(N_PASSAGES, WORDS - 24))]
    words = concepts * FORMS + rng.integers(FORMS, size=concepts.shape)
    identifier = np.where(
        rng.random(N_PASSAGES) < 0.5, N_CONCEPTS * FORMS + np.arange(N_PASSAGES), -1
    )
    passages = np.c_[words, identifier, identifier]  # an identifier appears twice

    gold = rng.integers(N_PASSAGES, size=N_QUESTIONS)
    picked = np.argsort(rng.random((N_QUESTIONS, 24)), axis=1)[:, :4]
    asked = np.take_along_axis(words[gold], picked, axis=1)
    rephrase = np.where(rng.random(asked.shape) < 0.7, rng.integers(1, FORMS, asked.shape), 0)
    questions = asked - asked % FORMS + (asked % FORMS + rephrase) % FORMS
    by_identifier = (identifier[gold] >= 0) & (rng.random(N_QUESTIONS) < 0.8)
    questions[by_identifier, 1] = identifier[gold[by_identifier]]
    questions[by_identifier, 2:] = -1

    # The encoder learned that synonyms mean the same thing and that concepts of a topic
    # are related, but it never saw the identifiers: they all land near one point.
    topic_vectors = rng.normal(size=(N_TOPICS, DIM))
    concept_vectors = topic_vectors[np.arange(N_CONCEPTS) % N_TOPICS]
    concept_vectors = concept_vectors + rng.normal(size=(N_CONCEPTS, DIM))
    word_vectors = np.r_[
        np.repeat(concept_vectors, FORMS, axis=0), np.tile(rng.normal(size=DIM), (N_PASSAGES, 1))
    ]
    word_vectors += 0.3 * rng.normal(size=word_vectors.shape)
    return Corpus(passages, questions, gold, by_identifier, word_vectors)


# --8<-- [end:simulate]


# --8<-- [start:retrievers]
def bm25(corpus: Corpus, k1: float = 1.2, b: float = 0.75) -> np.ndarray:
    """Okapi BM25 of every (question, passage): exact word matches, weighted by rarity."""
    docs = corpus.passages
    tf = np.zeros((len(docs), VOCABULARY + 1), dtype=np.float32)  # last column: padding
    np.add.at(tf, (np.repeat(np.arange(len(docs)), docs.shape[1]), docs.ravel()), 1)
    tf[:, -1] = 0
    length, df = tf.sum(axis=1), (tf > 0).sum(axis=0)
    idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
    d, w = np.nonzero(tf)
    weight = np.zeros_like(tf)
    norm = k1 * (1 - b + b * length[d] / length.mean())
    weight[d, w] = idf[w] * tf[d, w] * (k1 + 1) / (tf[d, w] + norm)
    return weight[:, corpus.questions].sum(axis=2).T  # padding (-1) hits the zero column


def dense(corpus: Corpus) -> np.ndarray:
    """Cosine similarity of mean-pooled word vectors: the semantic view."""
    vectors = np.r_[corpus.word_vectors, np.zeros((1, DIM))]  # row -1: padding

    def embed(rows):
        e = vectors[rows].sum(axis=1)
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    return embed(corpus.questions) @ embed(corpus.passages).T


def ranks(scores: np.ndarray) -> np.ndarray:
    """1 for each question's best-scored passage, 2 for the next, ..."""
    order = np.argsort(-scores, axis=1, kind="stable")
    out = np.empty_like(order)
    np.put_along_axis(out, order, np.arange(1, scores.shape[1] + 1)[None, :], axis=1)
    return out


def hybrid(corpus: Corpus, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the lexical and dense rankings."""
    return 1 / (k + ranks(bm25(corpus))) + 1 / (k + ranks(dense(corpus)))


TECHNIQUE = hybrid
BASELINE = bm25
# --8<-- [end:retrievers]


# --8<-- [start:evaluate]
def gold_in_top_k(scores: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Probability that the gold passage is in the top K, ties broken at random."""
    g = scores[np.arange(len(gold)), gold][:, None]
    above, tied = (scores > g).sum(axis=1), (scores == g).sum(axis=1)
    return np.clip((K - above) / tied, 0, 1)


def evaluate(retriever, seed: int) -> dict[str, float]:
    corpus = simulate(seed)
    found = gold_in_top_k(retriever(corpus), corpus.gold)
    return {
        METRIC: float(found.mean()),
        "paraphrased questions": float(found[~corpus.by_identifier].mean()),
        "identifier questions": float(found[corpus.by_identifier].mean()),
    }


# --8<-- [end:evaluate]


# --8<-- [start:claim]
def main(technique=TECHNIQUE) -> None:
    rows = []
    for seed in SEEDS:
        ours = evaluate(technique, seed)
        lexical, semantic = evaluate(BASELINE, seed), evaluate(dense, seed)
        gains = [
            assert_better(
                METRIC, ours[METRIC], other[METRIC], margin=MIN_GAIN, higher_is_better=True
            )
            for other in (lexical, semantic)
        ]
        rows.append((seed, ours, lexical, semantic, gains))
    # --8<-- [end:claim]
    report(rows)


def report(rows) -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    out = Outputs(__file__)
    columns = [METRIC, "paraphrased questions", "identifier questions"]
    table = [
        [seed, name, *[scores[c] for c in columns]]
        for seed, ours, lexical, semantic, _ in rows
        for name, scores in (("BM25", lexical), ("dense", semantic), ("hybrid (RRF)", ours))
    ]
    out.markdown("recall", markdown_table(["seed", "retriever", *columns], table))
    out.text(
        "summary",
        f"{METRIC} of the gold passage, {N_PASSAGES} passages, {N_QUESTIONS} questions, "
        f"seeds {list(SEEDS)}\n"
        f"hybrid minus BM25:  {', '.join('+' + sig(g[0].improvement) for *_, g in rows)}\n"
        f"hybrid minus dense: {', '.join('+' + sig(g[1].improvement) for *_, g in rows)}\n"
        f"claim: at least +{sig(MIN_GAIN)} over each on every seed -> holds",
    )


if __name__ == "__main__":
    main()
