// Draftail "Cite source" entity: opens the Source snippet chooser and inserts a marker.
(function () {
  const { ModalWorkflowSource, registerPlugin } = window.draftail;
  const { Modifier, EditorState } = window.DraftJS;
  const React = window.React;

  class CitationSource extends ModalWorkflowSource {
    getChooserConfig() {
      return {
        url: this.props.entityType.chooserUrls.sourceChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      return { source: String(data.id), label: data.string };
    }

    onChosen(data) {
      const { editorState, entityType, onComplete } = this.props;
      const content = editorState.getCurrentContent();
      const selection = editorState.getSelection();
      const withEntity = content.createEntity(entityType.type, 'IMMUTABLE', this.filterEntityData(data));
      const entityKey = withEntity.getLastCreatedEntityKey();
      // Insert the marker after the selected text rather than replacing it.
      const end = selection.merge({
        anchorKey: selection.getEndKey(),
        anchorOffset: selection.getEndOffset(),
        focusKey: selection.getEndKey(),
        focusOffset: selection.getEndOffset(),
        isBackward: false,
      });
      const label = `[${data.string.slice(0, 40)}]`;
      const next = Modifier.insertText(withEntity, end, label, null, entityKey);
      this.workflow.close();
      onComplete(EditorState.push(editorState, next, 'insert-characters'));
    }
  }

  const Citation = (props) => {
    const data = props.contentState.getEntity(props.entityKey).getData();
    return React.createElement(
      'sup',
      { className: 'citation-marker', title: data.label ? `Cites: ${data.label}` : 'Citation' },
      props.children,
    );
  };

  registerPlugin({ type: 'CITATION', source: CitationSource, decorator: Citation }, 'entityTypes');
})();
