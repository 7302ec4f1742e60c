"""Customer tiers from a team's own orders (RFM, ABC, churn warnings): the rules, in
:mod:`.maths`. Not yet a calculator of the registry: its inputs (a pasted or opened order table),
page and view come with the shared table reader (issue 14)."""
