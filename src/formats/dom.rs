//! A small arena DOM that html5ever parses into (our own [`TreeSink`]): just what the HTML and
//! EPUB extraction read, in place of `scraper` and `ego-tree`, whose selector engine was never
//! used.
//!
//! Nodes live in one `Vec` and point at each other by index ([`NodeId`], in creation order), so
//! dropping a tree 100 000 levels deep is a loop over a vector, and every walk here
//! ([`NodeRef::descendants`], [`NodeRef::ancestors`]) follows the links iteratively: nothing
//! recurses on the depth of the page. The tree is built the way scraper built it: adjacent text
//! is merged into one text node, a `<template>`'s contents hang under a [`Node::Fragment`] child
//! of the element, and an element's name and attributes are compared by local name.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, ns};

/// A node's index in its [`Dom`]; ordered by creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeId(usize);

/// What a node is.
#[derive(Debug)]
pub(crate) enum Node {
    /// The root of a parsed document.
    Document,
    /// A `<template>`'s contents.
    Fragment,
    Doctype,
    Comment,
    Text(StrTendril),
    Element(Element),
    ProcessingInstruction,
}

/// An element: its name and attributes.
#[derive(Debug)]
pub(crate) struct Element {
    name: QualName,
    attrs: Vec<(QualName, StrTendril)>,
}

impl Element {
    /// The local name (`p`, `body`, `title` — of an SVG `<title>` too).
    pub(crate) fn name(&self) -> &str {
        &self.name.local
    }

    /// The value of the attribute `name` in no namespace.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.ns == ns!() && &*k.local == name)
            .map(|(_, v)| &**v)
    }

    /// Every attribute as (local name, value).
    pub(crate) fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|(k, v)| (&*k.local, &**v))
    }
}

#[derive(Debug)]
struct Slot {
    value: Node,
    parent: Option<NodeId>,
    prev: Option<NodeId>,
    next: Option<NodeId>,
    first: Option<NodeId>,
    last: Option<NodeId>,
}

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Dom {
    slots: Vec<Slot>,
}

impl Dom {
    /// Parses an HTML document with html5ever's default options (scripting on, as a browser).
    pub(crate) fn parse_document(html: &str) -> Self {
        html5ever::parse_document(Sink::default(), html5ever::ParseOpts::default()).one(html)
    }

    /// The document node.
    pub(crate) fn root(&self) -> NodeRef<'_> {
        NodeRef {
            dom: self,
            id: NodeId(0),
        }
    }

    /// The node `id`, if this document has it.
    pub(crate) fn get(&self, id: NodeId) -> Option<NodeRef<'_>> {
        (id.0 < self.slots.len()).then_some(NodeRef { dom: self, id })
    }

    fn slot(&self, id: NodeId) -> &Slot {
        &self.slots[id.0]
    }

    fn slot_mut(&mut self, id: NodeId) -> &mut Slot {
        &mut self.slots[id.0]
    }

    fn orphan(&mut self, value: Node) -> NodeId {
        self.slots.push(Slot {
            value,
            parent: None,
            prev: None,
            next: None,
            first: None,
            last: None,
        });
        NodeId(self.slots.len() - 1)
    }

    /// Takes `id` out of its parent's children.
    fn detach(&mut self, id: NodeId) {
        let Some(parent) = self.slot(id).parent else {
            return;
        };
        let (prev, next) = (self.slot(id).prev, self.slot(id).next);
        let s = self.slot_mut(id);
        s.parent = None;
        s.prev = None;
        s.next = None;
        match prev {
            Some(p) => self.slot_mut(p).next = next,
            None => self.slot_mut(parent).first = next,
        }
        match next {
            Some(n) => self.slot_mut(n).prev = prev,
            None => self.slot_mut(parent).last = prev,
        }
    }

    /// Makes `child` the last child of `parent` (taking it from where it was).
    fn append_id(&mut self, parent: NodeId, child: NodeId) {
        assert_ne!(parent, child, "a node cannot be its own child");
        if self.slot(parent).last == Some(child) {
            return;
        }
        self.detach(child);
        let last = self.slot(parent).last;
        let c = self.slot_mut(child);
        c.parent = Some(parent);
        c.prev = last;
        match last {
            Some(l) => self.slot_mut(l).next = Some(child),
            None => self.slot_mut(parent).first = Some(child),
        }
        self.slot_mut(parent).last = Some(child);
    }

    /// Puts `new` just before `sibling`, which has a parent (taking `new` from where it was).
    fn insert_before(&mut self, sibling: NodeId, new: NodeId) {
        assert_ne!(sibling, new, "a node cannot be its own sibling");
        self.detach(new);
        let Some(parent) = self.slot(sibling).parent else {
            return;
        };
        let prev = self.slot(sibling).prev;
        let n = self.slot_mut(new);
        n.parent = Some(parent);
        n.prev = prev;
        n.next = Some(sibling);
        match prev {
            Some(p) => self.slot_mut(p).next = Some(new),
            None => self.slot_mut(parent).first = Some(new),
        }
        self.slot_mut(sibling).prev = Some(new);
    }

    /// Text to merge into `at`, when that is a text node.
    fn merge_text(&mut self, at: Option<NodeId>, text: &StrTendril) -> bool {
        match at.map(|id| &mut self.slot_mut(id).value) {
            Some(Node::Text(t)) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }
}

/// A node and the document it is in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NodeRef<'a> {
    dom: &'a Dom,
    id: NodeId,
}

impl<'a> NodeRef<'a> {
    pub(crate) fn id(self) -> NodeId {
        self.id
    }

    pub(crate) fn value(self) -> &'a Node {
        &self.dom.slot(self.id).value
    }

    fn at(self, id: Option<NodeId>) -> Option<Self> {
        id.map(|id| NodeRef { dom: self.dom, id })
    }

    pub(crate) fn parent(self) -> Option<Self> {
        self.at(self.dom.slot(self.id).parent)
    }

    /// The children, first to last.
    pub(crate) fn children(self) -> impl Iterator<Item = NodeRef<'a>> {
        std::iter::successors(self.at(self.dom.slot(self.id).first), |c| {
            c.at(c.dom.slot(c.id).next)
        })
    }

    /// The parent, its parent and so on up to the root (not the node itself).
    pub(crate) fn ancestors(self) -> impl Iterator<Item = NodeRef<'a>> {
        std::iter::successors(self.parent(), |a| a.parent())
    }

    /// The node and everything under it, in document order (pre-order), without recursion.
    pub(crate) fn descendants(self) -> impl Iterator<Item = NodeRef<'a>> {
        let top = self.id;
        std::iter::successors(Some(self), move |n| {
            if let Some(c) = n.at(n.dom.slot(n.id).first) {
                return Some(c);
            }
            let mut n = *n;
            loop {
                if n.id == top {
                    return None;
                }
                if let Some(s) = n.at(n.dom.slot(n.id).next) {
                    return Some(s);
                }
                n = n.parent()?;
            }
        })
    }
}

/// html5ever's view of a [`Dom`] being built.
struct Sink(RefCell<Dom>);

impl Default for Sink {
    fn default() -> Self {
        let mut dom = Dom { slots: Vec::new() };
        dom.orphan(Node::Document);
        Self(RefCell::new(dom))
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        NodeId(0)
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |dom| match &dom.slot(*target).value {
            Node::Element(e) => &e.name,
            _ => panic!("html5ever asked the name of a node that is not an element"),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        let template = name.ns == ns!(html) && &*name.local == "template";
        let attrs = attrs.into_iter().map(|a| (a.name, a.value)).collect();
        let mut dom = self.0.borrow_mut();
        let id = dom.orphan(Node::Element(Element { name, attrs }));
        if template {
            let contents = dom.orphan(Node::Fragment);
            dom.append_id(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.0.borrow_mut().orphan(Node::Comment)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.0.borrow_mut().orphan(Node::ProcessingInstruction)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut dom = self.0.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => dom.append_id(*parent, id),
            NodeOrText::AppendText(text) => {
                let last = dom.slot(*parent).last;
                if !dom.merge_text(last, &text) {
                    let id = dom.orphan(Node::Text(text));
                    dom.append_id(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.0.borrow().slot(*element).parent.is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut dom = self.0.borrow_mut();
        let id = dom.orphan(Node::Doctype);
        dom.append_id(NodeId(0), id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.0
            .borrow()
            .slot(*target)
            .first
            .expect("a template element has its contents as first child")
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut dom = self.0.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            dom.detach(id);
        }
        if dom.slot(*sibling).parent.is_none() {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => dom.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = dom.slot(*sibling).prev;
                if !dom.merge_text(prev, &text) {
                    let id = dom.orphan(Node::Text(text));
                    dom.insert_before(*sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut dom = self.0.borrow_mut();
        let Node::Element(e) = &mut dom.slot_mut(*target).value else {
            return;
        };
        for a in attrs {
            if !e.attrs.iter().any(|(k, _)| *k == a.name) {
                e.attrs.push((a.name, a.value));
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut dom = self.0.borrow_mut();
        while let Some(c) = dom.slot(*node).first {
            dom.append_id(*new_parent, c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom) -> Vec<String> {
        dom.root()
            .descendants()
            .map(|n| match n.value() {
                Node::Element(e) => e.name().to_owned(),
                Node::Text(t) => format!("'{t}'"),
                Node::Fragment => "#fragment".to_owned(),
                Node::Document => "#document".to_owned(),
                _ => "#other".to_owned(),
            })
            .collect()
    }

    #[test]
    fn builds_the_tree_a_browser_would() {
        let dom = Dom::parse_document("<p>a<b>b<p>c</b>d<table>x<tr><td>y</table>");
        assert_eq!(
            names(&dom),
            [
                "#document",
                "html",
                "head",
                "body",
                "p",
                "'a'",
                "b",
                "'b'",
                "p",
                "b",
                "'c'",
                "'dx'",
                "table",
                "tbody",
                "tr",
                "td",
                "'y'"
            ]
        );
    }

    #[test]
    fn template_contents_hang_under_a_fragment() {
        let dom = Dom::parse_document("<template><p>t</p></template>");
        let names = names(&dom);
        let at = names
            .iter()
            .position(|n| n == "template")
            .unwrap_or_default();
        assert_eq!(
            names.get(at + 1..at + 4),
            Some(&["#fragment", "p", "'t'"].map(String::from)[..])
        );
    }

    #[test]
    fn attributes_and_ancestors() {
        let dom = Dom::parse_document(r#"<div id="x" hidden><span epub:type="toc">s</span></div>"#);
        let span = dom
            .root()
            .descendants()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "span"))
            .unwrap_or_else(|| dom.root());
        let Node::Element(e) = span.value() else {
            panic!("no span")
        };
        assert_eq!(e.attrs().collect::<Vec<_>>(), [("epub:type", "toc")]);
        let up: Vec<_> = span.ancestors().map(NodeRef::id).collect();
        assert_eq!(up.last(), Some(&dom.root().id()));
        let Some(Node::Element(div)) = span.parent().map(NodeRef::value) else {
            panic!("no div")
        };
        assert_eq!((div.attr("id"), div.attr("hidden")), (Some("x"), Some("")));
    }

    #[test]
    fn deep_trees_walk_and_drop_without_recursion() {
        let deep = "<div>".repeat(3_000) + "x";
        let dom = Dom::parse_document(&deep);
        let leaf = dom
            .root()
            .descendants()
            .last()
            .unwrap_or_else(|| dom.root());
        assert!(matches!(leaf.value(), Node::Text(_)));
        assert!(leaf.ancestors().count() > 2_000);
    }
}
