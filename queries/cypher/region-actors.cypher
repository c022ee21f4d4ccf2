// title: Actors of a region
// description: What is part of a region (its name or an alias), such as its municipalities, and everyone who coordinates or takes part in projects together with them, by the number of such projects.
// params: region, limit=100
// The lookup first narrows by `search_text` (name and aliases, lower-cased): Neo4j answers that
// from its text index, where the membership test on `aliases` alone would read every node.
MATCH (r:Region)
WHERE r.search_text CONTAINS toLower($region) AND (r.name = $region OR $region IN r.aliases)
MATCH (m:Entity)-[:PART_OF]->(r)
OPTIONAL MATCH (m)-[:COORDINATES|PARTICIPATES_IN]->(p:Project)
WITH DISTINCT m, p
OPTIONAL MATCH (p)<-[:COORDINATES|PARTICIPATES_IN]-(a:Entity)
WITH m, p, collect(a) + [m] AS actors
UNWIND actors AS actor
WITH actor, count(DISTINCT p) AS projects
RETURN actor.name AS actor, actor.kind AS kind, projects
ORDER BY projects DESC, actor
LIMIT $limit
