"""Server-drawn SVG charts for the organizer pages: geometry is computed here, the templates in
templates/events/organize/charts/ draw it. No script and no inline style (the CSP forbids both):
colours come from classes in the stylesheet. Each chart sits beside a table of the same numbers.
"""

import datetime

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 36


def _nice_max(value):
    """A round top for the y axis at or above `value`."""
    if value <= 5:
        return 5
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return int(value * 1.1)


def _y_ticks(top):
    return [round(top * n / 4) for n in range(5)]


def cumulative_chart(series, *, capacity=None, opens=None, closes=None, today=None):
    """Registrations over time: `series` is [(day, cumulative)], days ascending. Capacity is a
    horizontal line; the registration window's opening and closing days are vertical markers."""
    if not series:
        return None
    today = today or datetime.date.today()
    first, last = series[0][0], max(series[-1][0], min(today, closes or today))
    for marker in (opens, closes):
        if marker is not None:
            first, last = min(first, marker), max(last, marker)
    if last == first:
        last = first + datetime.timedelta(days=1)
    span = (last - first).days
    top = _nice_max(max(series[-1][1], capacity or 0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y(value):
        return round(TOP + plot_h * (1 - value / top), 1)

    # A step line: the count holds until the next day someone registered.
    points, previous = [(x(first), y(0))], 0
    for day, total in series:
        points += [(x(day), y(previous)), (x(day), y(total))]
        previous = total
    points.append((x(last), y(previous)))
    markers = []
    if opens is not None:
        markers.append({"x": x(opens), "label": "opens", "day": opens})
    if closes is not None:
        markers.append({"x": x(closes), "label": "closes", "day": closes})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "top": TOP,
        "points": " ".join(f"{px},{py}" for px, py in points),
        "capacity_y": y(capacity) if capacity else None,
        "capacity": capacity,
        "markers": markers,
        "y_ticks": [{"value": v, "y": y(v)} for v in _y_ticks(top)],
        "first": first,
        "last": last,
        "label_y": HEIGHT - BOTTOM + 20,
        "total": series[-1][1],
    }


def stacked_bars(rows, *, capacity=None):
    """Bars per date: `rows` is [(label, [value, value])], drawn bottom-up in the classes
    chart__bar--0 and chart__bar--1. Wide enough for every date on a phone by scrolling the figure
    horizontally when there are many."""
    if not rows:
        return None
    step = max(28, min(64, (WIDTH - LEFT - RIGHT) // len(rows)))
    width = LEFT + RIGHT + step * len(rows)
    top = _nice_max(max([sum(values) for _, values in rows] + [capacity or 0]))
    plot_h = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (label, values) in enumerate(rows):
        base = HEIGHT - BOTTOM
        parts = []
        for part, value in enumerate(values):
            h = round(plot_h * value / top, 1)
            parts.append({"y": round(base - h, 1), "h": h, "part": part, "value": value})
            base -= h
        x0 = LEFT + index * step + step * 0.15
        bars.append(
            {
                "x": round(x0, 1),
                "w": round(step * 0.7, 1),
                "parts": parts,
                "label": label,
                "label_x": round(x0 + step * 0.35, 1),
                "total": sum(values),
            }
        )
    return {
        "width": width,
        "height": HEIGHT,
        "left": LEFT,
        "right": width - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "bars": bars,
        "y_ticks": [{"value": v, "y": round(TOP + plot_h * (1 - v / top), 1)} for v in _y_ticks(top)],
        "capacity_y": round(TOP + plot_h * (1 - capacity / top), 1) if capacity else None,
        "label_y": HEIGHT - BOTTOM + 18,
    }


def strip(dates):
    """A compact per-date strip for a series card: one bar per date on a light track, its height the
    share of seats taken (or of the busiest date when there is no limit); past dates in grey."""
    if not dates:
        return None
    busiest = max([d.registered for d in dates] + [1])
    cells = []
    for index, d in enumerate(dates):
        share = d.fill if d.fill is not None else d.registered / busiest
        h = max(round(30 * share, 1), 1)
        cells.append({"x": index * 22, "y": round(32 - h, 1), "h": h, "past": d.is_past, "figures": d})
    return {"width": 22 * len(dates) - 4, "height": 32, "cells": cells}
