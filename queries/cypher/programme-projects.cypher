// title: Projects of a programme
// description: The projects that are part of a programme (its name or an alias), with their years, budget and coordinators.
// params: programme, limit=200
// The lookup first narrows by `search_text` (name and aliases, lower-cased): Neo4j answers that
// from its text index, where the membership test on `aliases` alone would read every node.
MATCH (g:Programme)
WHERE g.search_text CONTAINS toLower($programme) AND (g.name = $programme OR $programme IN g.aliases)
MATCH (p:Project)-[:PART_OF]->(g)
OPTIONAL MATCH (c:Organisation)-[:COORDINATES]->(p)
WITH p, c
ORDER BY c.name
WITH p, collect(c.name) AS coordinators
RETURN p.name AS project, p.start AS start, p.end AS end, p.budget_eur AS budget_eur, coordinators
ORDER BY project
LIMIT $limit
