"""Memory arithmetic of a vector index: what 100 million embeddings cost in RAM.

Run it on its own with ``python snippets/foundations/embeddings-and-ann/memory.py``; it
works out the size of one replica of a flat, a graph and a product-quantized index over
100 million 128-dimensional embeddings with ``mlsd.estimate`` and checks the two numbers
every candidate should be able to say aloud.
"""

from __future__ import annotations

# --8<-- [start:sizes]
from mlsd.estimate import ann_index_bytes, embedding_table_bytes, human_bytes

DIM = 128
ID_BYTES = 8  # an inverted file stores each vector's 64-bit id next to its code


def index_bytes(vectors: float) -> dict[str, float]:
    """RAM of one replica of each kind of index over ``vectors`` embeddings."""
    pq = ann_index_bytes(vectors, DIM, graph_degree=0, pq_subquantizers=16)
    return {
        "flat, float32": embedding_table_bytes(vectors, DIM, bytes_per_value=4),
        "flat, float16": embedding_table_bytes(vectors, DIM, bytes_per_value=2),
        "flat, int8 (scalar quantization)": embedding_table_bytes(vectors, DIM, 1),
        "HNSW graph, float32, M=16 (32 links)": ann_index_bytes(vectors, DIM, graph_degree=32),
        "inverted file, 16-byte product codes + ids": pq + vectors * ID_BYTES,
        "16-byte product codes alone": pq,
    }


# --8<-- [end:sizes]


def main() -> None:
    from mlsd.outputs import Outputs, markdown_table, sig

    hundred_million, billion = index_bytes(1e8), index_bytes(1e9)
    flat, codes = hundred_million["flat, float32"], hundred_million["16-byte product codes alone"]
    assert human_bytes(flat) == "51.2 GB", human_bytes(flat)  # 1e8 x 128 x 4 bytes
    assert human_bytes(codes) == "1.6 GB", human_bytes(codes)  # 1e8 x 16 bytes, + 131 KB
    assert hundred_million["HNSW graph, float32, M=16 (32 links)"] > flat  # links come on top

    out = Outputs(__file__)
    rows = [
        [name, human_bytes(size), human_bytes(billion[name]), sig(size / flat)]
        for name, size in hundred_million.items()
    ]
    header = ["index of 128-dim vectors", "RAM, 100M vectors", "RAM, 1B vectors", "x flat float32"]
    out.markdown("sizes", markdown_table(header, rows))
    out.text(
        "summary",
        f"100,000,000 vectors x {DIM} dims x 4 bytes = {human_bytes(flat)} as float32; "
        f"{human_bytes(codes)} as 16-byte product codes ({sig(flat / codes)}x smaller)",
    )


if __name__ == "__main__":
    main()
