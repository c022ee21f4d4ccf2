// title: Shortest path between two actors
// description: The fewest steps (at most six, in either direction) between two entities given by id, name or alias, with the names and relation types on the way. Of several equally short paths, the first by the ids along it.
// params: from, to
MATCH (a:Entity)
WHERE a.id = $from OR a.name = $from OR $from IN a.aliases
MATCH (b:Entity)
WHERE b.id = $to OR b.name = $to OR $to IN b.aliases
WITH a, b
WHERE a <> b
WITH a, b
ORDER BY a.id, b.id
LIMIT 1
MATCH path = allShortestPaths((a)-[*..6]-(b))
WITH path, reduce(key = '', n IN nodes(path) | key + n.id + ' ') AS key
ORDER BY key
LIMIT 1
RETURN length(path) AS hops, [n IN nodes(path) | n.name] AS names, [r IN relationships(path) | type(r)] AS relations
