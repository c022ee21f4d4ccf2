// title: Projects running in a year
// description: Projects whose years include the given year, with coordinator and budget, largest budget first.
// params: year, limit=100
MATCH (p:Project)
WHERE $year IN p.years
OPTIONAL MATCH (c:Organisation)-[:COORDINATES]->(p)
WITH p, c
ORDER BY c.name
WITH p, collect(c.name) AS coordinators
RETURN p.name AS project, p.budget_eur AS budget_eur, coordinators
ORDER BY budget_eur DESC, project
LIMIT $limit
