// title: Two-hop neighbourhood
// description: Everything within two steps of an entity (its id, name or an alias), in either direction, nearest first.
// params: name, limit=100
MATCH (a:Entity)
WHERE a.id = $name OR a.name = $name OR $name IN a.aliases
MATCH path = (a)-[*1..2]-(b:Entity)
WHERE b <> a
WITH b, min(length(path)) AS hops
RETURN b.id AS id, b.name AS name, b.kind AS kind, hops
ORDER BY hops, name, id
LIMIT $limit
