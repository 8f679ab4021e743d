"""Bar charts as geometry for server-side SVG: no JavaScript, no inline styles (colours
come from classes in app.css), whole numbers only so no locale ever formats them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    caption: str  # the figure written beside or above the bar
    x: int
    y: int
    width: int
    height: int
    label_x: int
    label_y: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline_y: int = 0


def horizontal_bars(
    points: list[tuple[str, int, str]], *, width: int = 640, row: int = 34, label_width: int = 130
) -> Chart:
    """One bar per (label, value, caption), longest value filling the width."""
    top = max((value for _, value, _ in points), default=0) or 1
    room = width - label_width - 100  # space for the caption after the longest bar
    bars = []
    for index, (label, value, caption) in enumerate(points):
        length = round(room * value / top)
        y = index * row + 4
        bars.append(
            Bar(
                label=label,
                value=value,
                caption=caption,
                x=label_width,
                y=y,
                width=max(length, 2 if value else 0),
                height=row - 10,
                label_x=label_width - 8,
                label_y=y + (row - 10) // 2 + 5,
                value_x=label_width + length + 6,
                value_y=y + (row - 10) // 2 + 5,
            )
        )
    return Chart(width=width, height=len(points) * row + 4, bars=bars)


def vertical_bars(points: list[tuple[str, int]], *, width: int = 640, height: int = 200) -> Chart:
    """One column per (label, value), with the value above it and the label below."""
    top = max((value for _, value in points), default=0) or 1
    plot_height = height - 40
    slot = width // max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        length = round(plot_height * value / top)
        x = index * slot + slot // 6
        bar_width = slot - slot // 3
        y = 16 + plot_height - length
        bars.append(
            Bar(
                label=label,
                value=value,
                caption=str(value),
                x=x,
                y=y,
                width=bar_width,
                height=length,
                label_x=x + bar_width // 2,
                label_y=height - 6,
                value_x=x + bar_width // 2,
                value_y=y - 4,
            )
        )
    return Chart(width=width, height=height, bars=bars, baseline_y=16 + plot_height)
