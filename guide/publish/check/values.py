"""Plain helpers over a policy's data as read: a list where one belongs, the value at a path. Defensive: a
malformed part (already reported by the schema) reads as nothing."""

from __future__ import annotations


def _list(value) -> list:
    """A list as given, or none: a string where a list belongs is reported by the schema, not read letter by letter."""
    return value if isinstance(value, list) else []


def _get(data, path):
    node = data
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node
