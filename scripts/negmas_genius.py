"""GENIUS folders read by NegMAS the way GENIUS and Parley read them, for the side-by-side scripts.

NegMAS 0.16 reads a GENIUS folder with its discrete evaluations as written; GENIUS (and Parley)
divide each issue's evaluations by the issue's largest. A missing reservation value is 0 in
both. A domain that numbers its issues from 2 gets a one-option DUMMY_ISSUE from NegMAS
carrying the objective's weight; GENIUS and Parley give the objective no weight.
"""


def load_like_parley(folder):
    """The NegMAS scenario of a GENIUS folder, without discounting, with Parley's utilities."""
    from negmas.inout import load_genius_domain_from_folder

    scenario = load_genius_domain_from_folder(str(folder), ignore_discount=True)
    for ufun in scenario.ufuns:
        inner = getattr(ufun, "ufun", ufun)
        for value in getattr(inner, "values", []) or []:
            mapping = getattr(value, "mapping", None)
            if isinstance(mapping, dict) and mapping and max(mapping.values()) > 0:
                top = max(mapping.values())
                for key in mapping:
                    mapping[key] /= top
        weights = getattr(inner, "weights", None)
        for index, issue in enumerate(scenario.outcome_space.issues):
            if issue.name == "DUMMY_ISSUE" and issue.cardinality == 1 and weights is not None:
                weights[index] = 0.0
        for holder in (ufun, inner):
            if holder.reserved_value is None or holder.reserved_value == float("-inf"):
                holder.reserved_value = 0.0
    return scenario
