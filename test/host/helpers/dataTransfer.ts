import * as vscode from 'vscode';

/** A DataTransfer item that is a file, as VS Code hands over a pasted image or a dropped file. */
export class FileItem extends vscode.DataTransferItem {
  constructor(
    private readonly fileName: string,
    private readonly bytes: Uint8Array,
  ) {
    super('');
  }
  override asFile(): vscode.DataTransferFile {
    return { name: this.fileName, uri: undefined, data: async () => this.bytes };
  }
}
