// title: Two-hop neighbourhood
// description: Everything within two steps of an entity (its id, name or an alias), in either direction, nearest first.
// params: name, limit=100
// The lookup first narrows by `search_text` (name and aliases, lower-cased): Neo4j answers that
// from its text index, where the membership test on `aliases` alone would read every node.
MATCH (a:Entity)
WHERE a.id = $name OR (a.search_text CONTAINS toLower($name) AND (a.name = $name OR $name IN a.aliases))
MATCH path = (a)-[*1..2]-(b:Entity)
WHERE b <> a
WITH b, min(length(path)) AS hops
RETURN b.id AS id, b.name AS name, b.kind AS kind, hops
ORDER BY hops, name, id
LIMIT $limit
