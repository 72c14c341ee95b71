#!/usr/bin/env python3
"""Writes a linear-additive GENIUS folder with many parties, for scale benchmarks.

    scripts/make-synthetic-parties.py OUT_DIR [--parties 5] [--options 10,10,8,6,5,10] [--seed 1]

Each party draws random issue weights and option evaluations (uniform, largest evaluation of
each issue 1) from Python's `random.Random(seed)`: the same arguments give the same folder.
The default is 5 parties over 240,000 outcomes.
"""
import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--parties", type=int, default=5)
    parser.add_argument("--options", default="10,10,8,6,5,10")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    radices = [int(x) for x in args.options.split(",")]
    rng = random.Random(args.seed)
    name = os.path.basename(os.path.normpath(args.out))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, f"{name}.xml"), "w") as f:
        f.write(f'<negotiation_template>\n<utility_space number_of_issues="{len(radices)}">\n')
        f.write('<objective description="" etype="objective" index="0" name="root" type="objective">\n')
        for i, radix in enumerate(radices):
            f.write(f'    <issue etype="discrete" index="{i + 1}" name="i{i}" type="discrete" vtype="discrete">\n')
            for v in range(radix):
                f.write(f'        <item index="{v + 1}" value="v{v}" cost="0" description="v{v}">\n        </item>\n')
            f.write("    </issue>\n")
        f.write("</objective>\n</utility_space>\n</negotiation_template>\n")
    for party in range(args.parties):
        raw = [rng.random() for _ in radices]
        total = sum(raw)
        with open(os.path.join(args.out, f"party{party + 1}.xml"), "w") as f:
            f.write(f'<utility_space number_of_issues="{len(radices)}">\n')
            f.write('<objective index="1" etype="objective" type="objective" description="" name="any">\n')
            for i, radix in enumerate(radices):
                values = [rng.random() for _ in range(radix)]
                top = max(values)
                f.write(f'<issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name="i{i}">\n')
                for v, value in enumerate(values):
                    f.write(f'    <item index="{v + 1}" value="v{v}" evaluation="{value / top!r}" />\n')
                f.write("</issue>\n")
            for i, w in enumerate(raw):
                f.write(f'<weight index="{i + 1}" value="{w / total!r}">\n</weight>\n')
            f.write('</objective>\n<discount_factor value="1.0" />\n<reservation value="0.0" />\n</utility_space>\n')


if __name__ == "__main__":
    main()
