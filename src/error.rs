//! Input errors: everything that makes dxlint exit 2. Each names the file and, where it
//! can, the line; none ever carries a secret.

use miette::{Diagnostic, NamedSource, SourceSpan};

#[derive(Debug, Diagnostic)]
pub enum InputError {
    #[diagnostic(code(dxlint::input::read), help("check the path and permissions"))]
    Read { file: String, reason: String },

    #[diagnostic(
        code(dxlint::input::too_large),
        help("dxlint refuses inputs over {limit_mb} MB; split the file or raise --max-input-mb")
    )]
    TooLarge {
        file: String,
        size: u64,
        limit_mb: u64,
    },

    #[diagnostic(
        code(dxlint::input::vendor),
        help("name the dialect with --vendor cisco-ios|frr|junos|vyos")
    )]
    UnknownVendor { file: String },

    #[diagnostic(code(dxlint::input::vendor))]
    UnsupportedVendor { file: String, vendor: &'static str },

    #[diagnostic(code(dxlint::input::json))]
    Json {
        file: String,
        message: String,
        #[source_code]
        src: std::sync::Arc<NamedSource<String>>,
        #[label("{message}")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    /// `.dxlint.yaml`: a YAML error, an unknown key or a bad value, at its line.
    #[diagnostic(code(dxlint::config))]
    Config {
        file: String,
        line: usize,
        message: String,
        #[source_code]
        src: std::sync::Arc<NamedSource<String>>,
        #[label("{message}")]
        span: SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[diagnostic(code(dxlint::input::aws))]
    Aws {
        message: String,
        #[help]
        help: Option<String>,
    },

    #[diagnostic(code(dxlint::usage))]
    Usage { message: String },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Read { file, reason } => write!(f, "{file}: cannot read: {reason}"),
            InputError::TooLarge { file, size, .. } => {
                write!(f, "{file}: input is too large ({size} bytes)")
            }
            InputError::UnknownVendor { file } => write!(
                f,
                "{file}: cannot tell which router dialect this is (no Cisco, Junos or VyOS markers found)"
            ),
            InputError::UnsupportedVendor { file, vendor } => {
                write!(f, "{file}: the {vendor} dialect is not supported yet")
            }
            InputError::Json { file, message, .. } => write!(f, "{file}: {message}"),
            InputError::Config {
                file,
                line,
                message,
                ..
            } => write!(f, "{file}:{line}: {message}"),
            InputError::Aws { message, .. } => write!(f, "AWS: {message}"),
            InputError::Usage { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for InputError {}
