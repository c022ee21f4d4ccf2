// title: Shortest path between two actors
// description: The fewest steps (at most six, in either direction) between two entities given by id, name or alias, with the names and relation types on the way. Of several equally short paths, the first by the ids along it (then by the relation types).
// params: from, to
// The lookup first narrows by `search_text` (name and aliases, lower-cased): Neo4j answers that
// from its text index, where the membership test on `aliases` alone would read every node.
// Searched from both ends, meeting in the middle. The paths of up to two steps from each end,
// grouped by the node where they end, meet at the nodes reached from both ends: every path of
// up to four steps. Only when there is none, one end goes three steps and the other two or
// three (paths of five or six): the end with fewer three-step paths, counted up to 20,000 (next
// to a hub one end can have 290,000, the other 8,000). Grouping is a hash join that both
// engines plan alike; a join in MATCH is nested expansions on Neo4j, expansions into the other
// end on FalkorDB; each end's paths are collected in their own CALL, as FalkorDB copies what a
// row carries (a list carried through the rows of another MATCH is copied per row). A search
// from one end (allShortestPaths) visits nearly the whole graph through a hub (a fund funds
// thousands of projects) before it reaches anything four steps away.
// The first path by ids: the paths of the shortest length that meet `steps_from_a` steps from
// `a` are all of them, once each; the first is the first such half from `a` joined with the
// first half from where it ends on to `b`, so only halves get a sort key.
MATCH (a:Entity)
WHERE a.id = $from OR (a.search_text CONTAINS toLower($from) AND (a.name = $from OR $from IN a.aliases))
MATCH (b:Entity)
WHERE b.id = $to OR (b.search_text CONTAINS toLower($to) AND (b.name = $to OR $to IN b.aliases))
WITH a, b
WHERE a <> b
WITH a, b
ORDER BY a.id, b.id
LIMIT 1
CALL {
  WITH a, b
  WITH a, b
  WHERE true
  CALL {
    WITH a
    MATCH from_a = (a)-[*0..2]-(middle)
    RETURN collect([middle, 0, from_a]) AS halves_from_a
  }
  CALL {
    WITH b
    MATCH from_b = (b)-[*0..2]-(middle)
    RETURN collect([middle, 1, from_b]) AS halves_from_b
  }
  UNWIND halves_from_a + halves_from_b AS half
  WITH half[0] AS middle, collect(half) AS halves
  WITH [h IN halves WHERE h[1] = 0 | h[2]] AS to_middle, [h IN halves WHERE h[1] = 1 | h[2]] AS on_to_b
  WHERE size(to_middle) > 0 AND size(on_to_b) > 0
  WITH to_middle, on_to_b,
       reduce(least = 9, p IN to_middle | CASE WHEN length(p) < least THEN length(p) ELSE least END) +
       reduce(least = 9, p IN on_to_b | CASE WHEN length(p) < least THEN length(p) ELSE least END) AS hops_here
  WITH collect([to_middle, on_to_b, hops_here]) AS meetings, min(hops_here) AS hops
  UNWIND meetings AS meeting
  WITH meeting, hops, [0, 1, 1, 2, 2][hops] AS steps_from_a
  WHERE meeting[2] = hops
  UNWIND meeting[0] AS from_a
  WITH from_a, steps_from_a, [p IN meeting[1] WHERE length(p) = hops - steps_from_a] AS on_to_b
  WHERE length(from_a) = steps_from_a AND size(on_to_b) > 0
  WITH from_a, on_to_b, reduce(key = '', n IN nodes(from_a) | key + n.id + ' ') AS node_key,
       reduce(key = '', r IN relationships(from_a) | key + type(r) + ' ') AS relation_key
  ORDER BY node_key, relation_key
  LIMIT 1
  UNWIND on_to_b AS from_b
  WITH from_a, from_b, reduce(key = '', n IN reverse(nodes(from_b)) | key + n.id + ' ') AS node_key,
       reduce(key = '', r IN reverse(relationships(from_b)) | key + type(r) + ' ') AS relation_key
  ORDER BY node_key, relation_key
  LIMIT 1
  RETURN collect([from_a, from_b]) AS near
}
CALL {
  WITH a, b, near
  WITH a, b
  WHERE size(near) = 0
  MATCH three_from_a = (a)-[*3]-()
  WITH b, three_from_a
  LIMIT 20000
  WITH b, count(three_from_a) AS paths_from_a
  MATCH three_from_b = (b)-[*3]-()
  WITH paths_from_a, three_from_b
  LIMIT 20000
  WITH paths_from_a, count(three_from_b) AS paths_from_b
  RETURN collect(paths_from_a <= paths_from_b) AS deeper_from_a
}
CALL {
  WITH a, b, near, deeper_from_a
  WITH a, b
  WHERE size(near) = 0 AND deeper_from_a = [true]
  CALL {
    WITH a
    MATCH from_a = (a)-[*3]-(middle)
    RETURN collect([middle, 0, from_a]) AS halves_from_a
  }
  CALL {
    WITH b
    MATCH from_b = (b)-[*2..3]-(middle)
    RETURN collect([middle, 1, from_b]) AS halves_from_b
  }
  UNWIND halves_from_a + halves_from_b AS half
  WITH half[0] AS middle, collect(half) AS halves
  WITH [h IN halves WHERE h[1] = 0 | h[2]] AS to_middle, [h IN halves WHERE h[1] = 1 | h[2]] AS on_to_b
  WHERE size(to_middle) > 0 AND size(on_to_b) > 0
  WITH to_middle, on_to_b,
       reduce(least = 9, p IN to_middle | CASE WHEN length(p) < least THEN length(p) ELSE least END) +
       reduce(least = 9, p IN on_to_b | CASE WHEN length(p) < least THEN length(p) ELSE least END) AS hops_here
  WITH collect([to_middle, on_to_b, hops_here]) AS meetings, min(hops_here) AS hops
  UNWIND meetings AS meeting
  WITH meeting, hops, 3 AS steps_from_a
  WHERE meeting[2] = hops
  UNWIND meeting[0] AS from_a
  WITH from_a, steps_from_a, [p IN meeting[1] WHERE length(p) = hops - steps_from_a] AS on_to_b
  WHERE length(from_a) = steps_from_a AND size(on_to_b) > 0
  WITH from_a, on_to_b, reduce(key = '', n IN nodes(from_a) | key + n.id + ' ') AS node_key,
       reduce(key = '', r IN relationships(from_a) | key + type(r) + ' ') AS relation_key
  ORDER BY node_key, relation_key
  LIMIT 1
  UNWIND on_to_b AS from_b
  WITH from_a, from_b, reduce(key = '', n IN reverse(nodes(from_b)) | key + n.id + ' ') AS node_key,
       reduce(key = '', r IN reverse(relationships(from_b)) | key + type(r) + ' ') AS relation_key
  ORDER BY node_key, relation_key
  LIMIT 1
  RETURN collect([from_a, from_b]) AS far_from_a
}
CALL {
  WITH a, b, near, deeper_from_a
  WITH a, b
  WHERE size(near) = 0 AND deeper_from_a = [false]
  CALL {
    WITH a
    MATCH from_a = (a)-[*2..3]-(middle)
    RETURN collect([middle, 0, from_a]) AS halves_from_a
  }
  CALL {
    WITH b
    MATCH from_b = (b)-[*3]-(middle)
    RETURN collect([middle, 1, from_b]) AS halves_from_b
  }
  UNWIND halves_from_a + halves_from_b AS half
  WITH half[0] AS middle, collect(half) AS halves
  WITH [h IN halves WHERE h[1] = 0 | h[2]] AS to_middle, [h IN halves WHERE h[1] = 1 | h[2]] AS on_to_b
  WHERE size(to_middle) > 0 AND size(on_to_b) > 0
  WITH to_middle, on_to_b,
       reduce(least = 9, p IN to_middle | CASE WHEN length(p) < least THEN length(p) ELSE least END) +
       reduce(least = 9, p IN on_to_b | CASE WHEN length(p) < least THEN length(p) ELSE least END) AS hops_here
  WITH collect([to_middle, on_to_b, hops_here]) AS meetings, min(hops_here) AS hops
  UNWIND meetings AS meeting
  WITH meeting, hops, hops - 3 AS steps_from_a
  WHERE meeting[2] = hops
  UNWIND meeting[0] AS from_a
  WITH from_a, steps_from_a, [p IN meeting[1] WHERE length(p) = hops - steps_from_a] AS on_to_b
  WHERE length(from_a) = steps_from_a AND size(on_to_b) > 0
  WITH from_a, on_to_b, reduce(key = '', n IN nodes(from_a) | key + n.id + ' ') AS node_key,
       reduce(key = '', r IN relationships(from_a) | key + type(r) + ' ') AS relation_key
  ORDER BY node_key, relation_key
  LIMIT 1
  UNWIND on_to_b AS from_b
  WITH from_a, from_b, reduce(key = '', n IN reverse(nodes(from_b)) | key + n.id + ' ') AS node_key,
       reduce(key = '', r IN reverse(relationships(from_b)) | key + type(r) + ' ') AS relation_key
  ORDER BY node_key, relation_key
  LIMIT 1
  RETURN collect([from_a, from_b]) AS far_from_b
}
UNWIND near + far_from_a + far_from_b AS halves
WITH nodes(halves[0]) + tail(reverse(nodes(halves[1]))) AS path_nodes,
     relationships(halves[0]) + reverse(relationships(halves[1])) AS path_relations
RETURN size(path_relations) AS hops, [n IN path_nodes | n.name] AS names, [r IN path_relations | type(r)] AS relations
