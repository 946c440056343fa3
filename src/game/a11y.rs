//! What assistive technology reads: every text a player reads and every button is an AccessKit node
//! (`AccessibilityNode`), which Bevy hands to the platform's accessibility API (AT-SPI on Linux with
//! the `accesskit_unix` feature of Bevy, UI Automation on Windows, NSAccessibility on macOS), where
//! screen readers such as Orca, NVDA and VoiceOver find it.
//!
//! The widgets of [`super::theme`] make the nodes as they spawn: a text is a label whose value is
//! its text, a button a button named by its caption. The systems here keep them true while the
//! game runs: a label follows its text, a hidden element is hidden from the reader too, and every
//! UI node between an exposed element and its screen is exposed as a container, so the tree keeps
//! the screen's reading order (a node whose parent is not exposed would hang from the window, in no
//! particular order).

use accesskit::{Live, Node, Role};
use bevy::a11y::{AccessibilityNode, AccessibilitySystems};
use bevy::prelude::*;
use bevy::ui::widget::Label;

/// A text's node: a label whose value is the text.
pub fn label(text: &str) -> AccessibilityNode {
    let mut node = Node::new(Role::Label);
    node.set_value(text);
    AccessibilityNode(node)
}

/// A button's node, named by its caption.
pub fn button(caption: &str) -> AccessibilityNode {
    let mut node = Node::new(Role::Button);
    node.set_label(caption);
    AccessibilityNode(node)
}

/// A text field's node: named by the question it answers, its value what is typed.
pub fn text_field(name: &str, typed: &str) -> AccessibilityNode {
    let mut node = AccessibilityNode(Node::new(Role::TextInput));
    node.set_label(name);
    set_typed(&mut node, typed);
    node
}

/// What a text field holds. UI Automation and NSAccessibility read a field's value; AccessKit's
/// AT-SPI adapter exposes a field's text only through text runs (a node per run of glyphs, with
/// character and word boundaries), which a one-line name field does not need: on Linux the typed
/// text is also its description, which Orca says after the field's name.
pub fn set_typed(node: &mut AccessibilityNode, typed: &str) {
    node.set_value(typed);
    if cfg!(all(unix, not(target_os = "macos"))) {
        node.set_description(typed);
    }
}

/// A container's node (a screen, a list, a group), without a name.
pub fn container(role: Role) -> AccessibilityNode {
    AccessibilityNode(Node::new(role))
}

/// A container's node with a name (a stakeholder's card, named by the stakeholder).
pub fn group(role: Role, name: &str) -> AccessibilityNode {
    let mut node = Node::new(role);
    node.set_label(name);
    AccessibilityNode(node)
}

/// A text announced when it changes (a polite live region: the reader finishes what it is saying
/// first): the line being spoken, the timer.
pub fn live(text: &str) -> AccessibilityNode {
    let mut node = Node::new(Role::Label);
    node.set_value(text);
    node.set_live(Live::Polite);
    AccessibilityNode(node)
}

/// What a reader says for a node: its name and its value.
pub fn spoken(node: &AccessibilityNode) -> String {
    [node.label(), node.value()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A label follows its text (the clock, the speaker, a card's trust in words).
fn mirror_text(mut labels: Query<(&Text, &mut AccessibilityNode), (Changed<Text>, With<Label>)>) {
    for (text, mut node) in &mut labels {
        if node.value() != Some(text.0.as_str()) {
            node.set_value(text.0.as_str());
        }
    }
}

/// What is not shown is not read: `Display::None` and `Visibility::Hidden` hide the node (and the
/// platform adapters skip its subtree). So does a label with no text (the speaker of a narration, a
/// timer not running): a reader would say "label" and nothing. A live region stays exposed even
/// empty, because a reader announces it only when its text changes in place.
fn mirror_hidden(
    mut nodes: Query<
        (&bevy::ui::Node, Option<&Visibility>, &mut AccessibilityNode),
        Or<(Changed<bevy::ui::Node>, Changed<Visibility>, Changed<AccessibilityNode>)>,
    >,
) {
    for (ui, visibility, mut node) in &mut nodes {
        let silent = node.role() == Role::Label
            && node.live().is_none_or(|live| live == Live::Off)
            && node.label().is_none()
            && node.value().is_none_or(str::is_empty);
        let hidden = silent || ui.display == Display::None || visibility == Some(&Visibility::Hidden);
        if hidden != node.is_hidden() {
            if hidden {
                node.set_hidden();
            } else {
                node.clear_hidden();
            }
        }
    }
}

/// Exposes, as generic containers, the UI nodes between a new exposed element and the nearest
/// exposed ancestor (AccessKit flattens generic containers: the reader sees the elements in the
/// order of the screen).
fn expose_containers(
    mut commands: Commands,
    new: Query<Entity, Added<AccessibilityNode>>,
    parents: Query<&ChildOf>,
    exposed: Query<(), With<AccessibilityNode>>,
    ui_nodes: Query<(), With<bevy::ui::Node>>,
) {
    let mut done = bevy::platform::collections::HashSet::new();
    for entity in &new {
        for ancestor in parents.iter_ancestors(entity) {
            if exposed.contains(ancestor) || !ui_nodes.contains(ancestor) || !done.insert(ancestor) {
                break;
            }
            commands.entity(ancestor).try_insert(container(Role::GenericContainer));
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PostUpdate,
        (mirror_text, expose_containers, mirror_hidden)
            .chain()
            .before(AccessibilitySystems::Update),
    );
}
