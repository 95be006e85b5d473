"""Pure domain: validators, rules, credited-interval arithmetic. Standard library only."""
