// title: Funders
// description: Who funds projects: the number of projects funded and their total budget in euros, most projects first.
// params: limit=50
MATCH (f:Entity)-[:FUNDS]->(p:Project)
RETURN f.name AS funder, f.kind AS kind, count(p) AS projects, sum(p.budget_eur) AS budget_eur
ORDER BY projects DESC, funder
LIMIT $limit
