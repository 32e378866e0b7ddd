#!/usr/bin/env python3
"""Draws a flame graph (SVG) from collapsed stacks ("frame;frame;frame count" per line), as the benchmark writes
them from its JFR recordings (dev.flock.bench.Profiles). Usage: flame-svg.py collapsed.txt out.svg "title"."""
import html
import sys

WIDTH, ROW, MIN_PX = 1600, 16, 0.4


def main(source, target, title):
    root = {"n": 0, "k": {}}
    for line in open(source, encoding="utf-8"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        node = root
        node["n"] += int(count)
        for frame in stack.split(";"):
            node = node["k"].setdefault(frame, {"n": 0, "k": {}})
            node["n"] += int(count)
    rects, depth = [], [0]

    def draw(node, name, x, level):
        width = node["n"] / root["n"] * WIDTH
        if width < MIN_PX:
            return
        depth[0] = max(depth[0], level)
        rects.append((x, level, width, name, node["n"]))
        for child_name, child in sorted(node["k"].items()):
            draw(child, child_name, x, level + 1)
            x += child["n"] / root["n"] * WIDTH

    draw(root, "all", 0, 0)
    height = (depth[0] + 3) * ROW
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="monospace" '
           f'font-size="11"><rect width="100%" height="100%" fill="#fff"/>'
           f'<text x="4" y="14" font-size="13">{html.escape(title)} ({root["n"]} samples)</text>']
    for x, level, width, name, n in rects:
        y = height - (level + 1) * ROW
        hue = 10 + (hash(name.split(".")[0]) % 40)
        label = name if len(name) * 6.5 < width else name[: max(0, int(width / 6.5) - 2)] + ".." if width > 20 else ""
        out.append(f'<g><title>{html.escape(name)} ({n} samples, {100 * n / root["n"]:.1f}%)</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{ROW - 1}" fill="hsl({hue},80%,60%)"/>'
                   f'<text x="{x + 2:.1f}" y="{y + 12}">{html.escape(label)}</text></g>')
    out.append("</svg>")
    open(target, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "flame graph")
