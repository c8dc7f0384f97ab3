"""Lower apps show what higher apps contribute without importing them. (The start page's
panels per role are tested with the apps that contribute them, in tests/interventions.)"""

from trygghet import hooks


def test_a_hook_gathers_every_contribution_in_order_and_each_function_once():
    def first(x):
        return [f"a{x}"]

    def second(x):
        return [f"b{x}", f"c{x}"]

    hooks.register("test.hook", first)
    hooks.register("test.hook", second)
    hooks.register("test.hook", first)
    assert hooks.collect("test.hook", 1) == ["a1", "b1", "c1"]
    assert hooks.collect("test.unknown", 1) == []

