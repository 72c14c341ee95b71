#!/usr/bin/env python3
"""Writes random GENIUS folders in the style of the ANAC 2014 non-linear domains.

    scripts/make-anac2014.py OUT_DIR --issues 30 --count 100 [--seed 1] [--exclusive 0.0] [--parties 2]

Each instance is a folder `OUT_DIR/anac2014-<issues>i-<n>` with a domain file and two
profiles (`--parties P`: P profiles, in folders `anac2014-<issues>i-<P>p-<n>`; the first two
profiles are those of the two-party instance with the same arguments), drawn from `random.Random(seed * 1000003 + n)` so that the same arguments give the
same folders. The rules follow what the eight ANAC 2014 folders hold (y2014-10/30/50issues*,
other-S-*):

- integer issues 0..9 (10 options each);
- per party, twice as many boxes as issues; each box bounds 1 to 4 distinct issues (uniform),
  pays an integer utility of 1 to 100 (uniform);
- a bound is 6 to 9 options wide three times in four and 1 to 5 wide otherwise, placed
  uniformly (the real files: widths 6 to 9 about 70 % of bounds);
- `--exclusive P`: each box is an EXCLUDES box with probability P (other-S-1NAGUNL-128 has
  3 of 60 and 27 of 78; the y2014 files none);
- `maxutility` is the best constraint sum a hill climb with restarts finds (the real files'
  maxutility lies near the best sum; above it utilities are capped at 1);
- even instances carry a reservation value of 0.75 (the `withRV` files), odd ones a discount
  factor of 0.5 (the `Discounted` files).
"""
import argparse
import os
import random


def best_sum(boxes, issues, rng, restarts=8):
    """The best constraint sum a coordinate-ascent hill climb with random restarts finds."""
    touching = [[b for b, (_, bounds, _) in enumerate(boxes) if any(i == issue for i, _, _ in bounds)]
                for issue in range(issues)]

    def pays(box, point):
        utility, bounds, exclusive = boxes[box]
        inside = all(lo <= point[i] <= hi for i, lo, hi in bounds)
        return utility if inside != exclusive else 0

    best = 0
    for _ in range(restarts):
        x = [rng.randrange(10) for _ in range(issues)]
        current = sum(pays(b, x) for b in range(len(boxes)))
        improved = True
        while improved:
            improved = False
            for issue in rng.sample(range(issues), issues):
                keep = x[issue]
                base = sum(pays(b, x) for b in touching[issue])
                best_option, best_gain = keep, 0
                for option in range(10):
                    x[issue] = option
                    gain = sum(pays(b, x) for b in touching[issue]) - base
                    if gain > best_gain:
                        best_option, best_gain = option, gain
                x[issue] = best_option
                if best_gain > 0:
                    current += best_gain
                    improved = True
        best = max(best, current)
    return best


def profile(rng, issues, exclusive):
    boxes = []
    for _ in range(2 * issues):
        chosen = sorted(rng.sample(range(issues), rng.randint(1, min(4, issues))))
        bounds = []
        for issue in chosen:
            width = rng.randint(6, 9) if rng.random() < 0.75 else rng.randint(1, 5)
            low = rng.randint(0, 10 - width)
            bounds.append((issue, low, low + width - 1))
        boxes.append((rng.randint(1, 100), bounds, rng.random() < exclusive))
    return boxes


def write(folder, name, issues, profiles, reservation, discount):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{name}-domain.xml"), "w") as f:
        f.write(f'<negotiation_template>\n<utility_space number_of_issues="{issues}">\n')
        f.write('<objective description="" etype="objective" index="0" name="root" type="objective">\n')
        for i in range(issues):
            f.write(f'   <issue etype="integer" index="{i + 1}"  name="c1-i{issues - i}" type="integer" vtype="integer" '
                    'lowerbound="0" upperbound="9"/>\n')
        f.write("</objective>\n</utility_space>\n</negotiation_template>\n")
    for number, (boxes, top) in enumerate(profiles, start=1):
        with open(os.path.join(folder, f"profile-{number}.xml"), "w") as f:
            f.write('<utility_space type="nonlinear">\n')
            f.write('<objective description="" etype="objective" index="0" name="root" type="objective">\n')
            for i in range(issues):
                f.write(f'   <issue etype="integer" index="{i + 1}"  name="c1-i{issues - i}" type="integer" '
                        'vtype="integer" lowerbound="0" upperbound="9"/>\n')
            f.write(f'   <utility maxutility="{top}">\n      <ufun type="PlainUfun" weight="1" aggregation="sum">\n')
            for utility, bounds, exclusive in boxes:
                tag = "EXCLUDES" if exclusive else "INCLUDES"
                f.write(f'         <hyperRectangle utility="{utility}">\n')
                for issue, low, high in bounds:
                    f.write(f'            <{tag} index="{issue + 1}" min="{low}" max="{high}"/>\n')
                f.write("         </hyperRectangle>\n")
            f.write("      </ufun>\n   </utility>\n</objective>\n")
            if discount is not None:
                f.write(f' <discount_factor value="{discount:.2f}" />\n')
            if reservation is not None:
                f.write(f'<reservation value="{reservation:.2f}" />\n')
            f.write("</utility_space>\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--issues", type=int, default=30)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exclusive", type=float, default=0.0)
    parser.add_argument("--parties", type=int, default=2)
    args = parser.parse_args()
    if args.parties < 2:
        parser.error("--parties must be at least 2")
    for n in range(args.count):
        rng = random.Random(args.seed * 1000003 + n * 7919 + args.issues)
        profiles = []
        for _ in range(args.parties):
            boxes = profile(rng, args.issues, args.exclusive)
            profiles.append((boxes, max(1, best_sum(boxes, args.issues, rng))))
        name = f"anac2014-{args.issues}i-{n:03d}" if args.parties == 2 else f"anac2014-{args.issues}i-{args.parties}p-{n:03d}"
        write(os.path.join(args.out, name), name, args.issues, profiles,
              0.75 if n % 2 == 0 else None, 0.5 if n % 2 == 1 else None)


if __name__ == "__main__":
    main()
