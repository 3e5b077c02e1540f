"""Print the benchmark table: measure, ours, floor, ratio."""
import argparse

from .browser import compare_pages

PAGES = [("Tổng quan", "/", 2), ("So sánh giai đoạn", "/so-sanh-giai-doan", 1), ("Theo tiêu chí", "/theo-tieu-chi", 2),
         ("Xã", "/xa", 2), ("Dân vận & nguồn lực", "/dan-van-nguon-luc", 3)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=7)
    a = ap.parse_args()
    rows = compare_pages(PAGES, repeats=a.repeats)
    print(f"{'measure':44} {'ours':>8} {'floor':>8} {'ratio':>6}")
    for label, first, ours, floor, ratio in rows:
        print(f"{'page render, first session: ' + label:44} {first:8.2f} {'':>8} {'':>6}")
        print(f"{'page render, median: ' + label:44} {ours:8.2f} {floor:8.2f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
