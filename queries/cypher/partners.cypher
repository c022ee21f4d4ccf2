// title: Partners of an organisation
// description: Organisations that coordinated or took part in the same projects as the given organisation (its name or an alias), with the number of shared projects, most first.
// params: name, limit=50
// The lookup first narrows by `search_text` (name and aliases, lower-cased): Neo4j answers that
// from its text index, where the membership test on `aliases` alone would read every node.
MATCH (o:Organisation)
WHERE o.search_text CONTAINS toLower($name) AND (o.name = $name OR $name IN o.aliases)
MATCH (o)-[:COORDINATES|PARTICIPATES_IN]->(p:Project)<-[:COORDINATES|PARTICIPATES_IN]-(partner:Organisation)
WHERE partner <> o
WITH partner, p
ORDER BY p.name
RETURN partner.name AS partner, count(DISTINCT p) AS shared_projects, collect(DISTINCT p.name)[0..5] AS projects
ORDER BY shared_projects DESC, partner
LIMIT $limit
