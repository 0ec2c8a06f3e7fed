"""The law as data: effective-dated parameter tables and pure calculators. No Django, no database, no clock.

Every calculator takes frozen inputs (dates are given, never read from the clock), returns whole VND with a stated
rounding rule, and lists each step with the parameters and legal basis it used (`ansinh.rules.explain.Result`).
"""
