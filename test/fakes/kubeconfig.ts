// A kubeconfig (YAML) for a test API server on 127.0.0.1: the server's CA and a bearer token.
// Block style, one field per line, so a test can replace a line (e.g. the token or the CA).

/** The kubeconfig text for `server`, trusting `caPem`, authenticating with `token`. */
export function tokenKubeconfig(server: string, caPem: string, token = 't0ken'): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${server}
    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}
users:
- name: u
  user:
    token: ${token}
contexts:
- name: x
  context: { cluster: c, user: u }
current-context: x
`;
}
